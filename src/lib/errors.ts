/**
 * Errors that cross a boundary with a meaning. Expected outcomes (a dropped item, a failed
 * claim) are values, not errors; these are for input a user must fix and for lookups of
 * things that are not there.
 */
export class UserInputError extends Error {
  override name = "UserInputError";
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}
