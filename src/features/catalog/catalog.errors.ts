// Typed failures of the catalog feature, with stable codes (mapped to HTTP in platform/http).
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';

/** No live product with this id: a soft-deleted one is as gone as a missing one (404). */
export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('product'); // code: product.not_found
  }
}

/**
 * A category with this name or slug exists (409). The problem carries a field error naming
 * which, like a 422 would, so a form can show it next to the right input.
 */
export class CategoryTakenError extends ConflictError {
  constructor(field: 'name' | 'slug', options?: ErrorOptions) {
    const message = `A category with this ${field} already exists.`;
    super(`category.${field}_taken`, message, { errors: [{ field, message }] }, options);
  }
}

/** No category with this id (404). */
export class CategoryNotFoundError extends NotFoundError {
  constructor() {
    super('category'); // code: category.not_found
  }
}

/**
 * The category still has live products (409): deleting it would silently uncategorise them, so
 * they have to be moved or deleted first.
 */
export class CategoryNotEmptyError extends ConflictError {
  constructor() {
    super('category.not_empty', 'This category still has products; move them to another category or delete them first.');
  }
}

/** category_id names no category (422 on that field: it is input, not a missing resource). */
export class ProductCategoryInvalidError extends ValidationError {
  override readonly code = 'product.category_invalid';
  constructor(options?: ErrorOptions) {
    super([{ field: 'category_id', message: 'No category has this id.' }]);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A cursor made by one ordering, sent with another: its key means nothing there (400). */
export class CursorOrderingMismatchError extends BadRequestError {
  constructor(cursorOrdering: string, ordering: string) {
    super(
      'product.cursor_ordering_mismatch',
      `This cursor belongs to ordering=${cursorOrdering}; it cannot continue ordering=${ordering}. Start again without a cursor.`,
    );
  }
}
