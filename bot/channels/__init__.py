"""Channel adapters: each turns its platform's updates into InboundMessage and renders Replies."""
