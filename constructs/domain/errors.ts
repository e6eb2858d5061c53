/**
 * Props a construct or storage strategy refuses, thrown when it is created (a value known at synthesis) so that
 * nothing is synthesized from them. The message names the prop, says what was given and what is allowed.
 * Values given as tokens are checked by Terraform at plan instead, with the same words.
 *
 * @example
 * ```ts
 * try {
 *   new ConvexDeployment(stack, "convex", props);
 * } catch (error) {
 *   if (!(error instanceof InvalidPropsError)) throw error;
 *   console.error(error.message); // "urls.site must be a URL starting with http:// or https://, got ..."
 * }
 * ```
 */
export class InvalidPropsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidPropsError";
    // Keeps `instanceof` working when the library is compiled to an older target than the caller.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
