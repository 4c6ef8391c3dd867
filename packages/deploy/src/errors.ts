/** A refusal: what is wrong and what to fix. The CLI prints it and exits 1, writing nothing. */
export class KitError extends Error {
  constructor(
    message: string,
    /** What the operator should do about it. */
    readonly fix?: string,
  ) {
    super(fix ? `${message}\n  fix: ${fix}` : message);
    this.name = "KitError";
  }
}
