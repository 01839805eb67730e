/** The practice's own name for the header; each practice sets it when it builds its console. */
export const practiceName: string = import.meta.env.VITE_PRACTICE_NAME?.trim() || 'Threefold Social Work Practice';

/** The product name, used in page titles. */
export const productName = 'Threefold';

/**
 * Who a person without an account (or locked out) should ask, shown on the sign-in page: e.g.
 * "Sam Patel, practice administrator, 01743 123456". Each practice sets it when it builds its
 * console (VITE_ADMIN_CONTACT); without it the page says to ask the practice administrator.
 */
export const adminContact: string | null = import.meta.env.VITE_ADMIN_CONTACT?.trim() || null;
