// Typed documents for every query in src/queries/, checked against the exported delivery
// schema: a field the server no longer has, or a type that changed, fails `npm run check`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      schema: "../../schema/delivery.graphql",
      documents: ["src/queries/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        // The README's mapping: DateTime is RFC 3339 text, always UTC with Z.
        scalars: { DateTime: "string", JSON: "unknown" },
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
