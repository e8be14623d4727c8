"""The parser's stages, one module each; `nlu.parser.parse` runs them (see its docstring for
the order)."""
