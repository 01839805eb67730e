/** The practice's own name for the header; each practice sets it when it builds its console. */
export const practiceName: string = import.meta.env.VITE_PRACTICE_NAME?.trim() || 'Threefold Social Work Practice';

/** The product name, used in page titles. */
export const productName = 'Threefold';
