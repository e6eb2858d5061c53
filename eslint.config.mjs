// ESLint: typescript-eslint's recommended type-checked rules, with nothing of them turned off
// (https://typescript-eslint.io/getting-started/typed-linting). Formatting is Prettier's (npm run format).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Every `eslint-disable` comment says why after ` -- ` (https://eslint.org/docs/latest/use/configure/rules#comment-descriptions). */
const disableWithReason = {
  meta: { type: "problem", schema: [] },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          if (/^\s*eslint-disable/.test(comment.value) && !/\s--\s+\S/.test(comment.value))
            context.report({ loc: comment.loc, message: "say why the rule does not apply here, after ` -- `" });
        }
      },
    };
  },
};

export default tseslint.config(
  { ignores: ["node_modules/", "lib/", "cdktf.out/", "coverage/", ".cache/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { local: { rules: { "disable-with-reason": disableWithReason } } },
    rules: {
      "local/disable-with-reason": "error",
      // Still on, with the compiler's own convention (tsconfig.json's noUnusedParameters): a parameter named
      // `_x` is there for its position in a signature, and `const { x: _x, ...rest }` is how a key is left out.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
