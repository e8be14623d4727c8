"""WeCom (企业微信) self-built app: callback crypto and XML, and the active message API client."""
