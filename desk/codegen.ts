// Typed documents for every operation in src/graphql/, checked against the exported schemas:
// a field the server no longer has fails `npm run build` (the drift test for the desk).
import type { CodegenConfig } from "@graphql-codegen/cli";

const scalars = {
  DateTime: "string",
  JSON: "unknown",
  Upload: "File",
};

const presetConfig = {
  documentMode: "string" as const,
  enumsAsTypes: true,
  useTypeImports: true,
  scalars,
  strictScalars: true,
  avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
};

const config: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      schema: "../schema/management.graphql",
      documents: ["src/graphql/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: presetConfig,
    },
    "src/gql-delivery/": {
      schema: "../schema/delivery.graphql",
      documents: ["src/graphql/delivery/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: presetConfig,
    },
  },
};

export default config;
