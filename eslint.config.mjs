// ESLint: typescript-eslint's recommended type-checked rules, with nothing of them turned off
// (https://typescript-eslint.io/getting-started/typed-linting). Formatting is Prettier's (npm run format).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "lib/", "dist/", "cdktf.out/", "coverage/", ".cache/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
);
