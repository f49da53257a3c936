"""The GraphQL layer: thin strawberry types and resolvers over the domain and the loaders."""
