/**
 * Why a model could not be used for a story. These are thrown: the caller (write-analysis)
 * turns any of them into the built-in engine's draft. `outcome` is the word the usage ledger
 * records for the call that ended it.
 */

export class ModelCallError extends Error {
  override name = "ModelCallError";
  constructor(
    message: string,
    readonly outcome: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
  }
}

/** The story's token budget or the month's spend cap would be exceeded: no call was made. */
export class ModelBudgetError extends Error {
  override name = "ModelBudgetError";
  constructor(
    message: string,
    readonly outcome: "story-token-budget" | "spend-cap",
  ) {
    super(message);
  }
}

/** The model answered, twice, with something that is not a valid analysis. */
export class ModelOutputError extends Error {
  override name = "ModelOutputError";
  constructor(
    message: string,
    readonly outcome: string,
  ) {
    super(message);
  }
}
