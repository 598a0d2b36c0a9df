/** Rows a card's table shows at once; a longer list pages. */
export const CARD_TABLE_PAGE_SIZE = 10;

/**
 * The options of a table in a card: dense, without search, and paged only
 * when the rows run past one page (a pager under a short list is noise).
 */
export function cardTableOptions(rowCount: number) {
  return {
    paging: rowCount > CARD_TABLE_PAGE_SIZE,
    pageSize: CARD_TABLE_PAGE_SIZE,
    search: false,
    padding: 'dense' as const,
  };
}
