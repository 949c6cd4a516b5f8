/** The fixed list of categories. An engine picks one; it can never invent another. */
export const CATEGORIES = [
  "Politics",
  "World",
  "Business",
  "Technology",
  "Science",
  "Health",
  "Climate",
  "Culture",
  "Sports",
  "Society",
] as const;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** URL segment of a category page: "Politics" -> "politics". */
export function categorySlug(category: Category): string {
  return category.toLowerCase();
}

export function categoryFromSlug(slug: string): Category | undefined {
  return CATEGORIES.find((c) => c.toLowerCase() === slug.toLowerCase());
}
