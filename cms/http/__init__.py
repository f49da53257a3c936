"""HTTP transport: the GraphQL endpoints, file routes, the desk and the middleware around them."""
