/** The longest moderator note on a pin: it sits above the card, so it stays short. */
export const MAX_PIN_NOTE = 200;

/** The longest note on a notebook entry: a reader's own note may say a little more than a pin's. */
export const MAX_NOTEBOOK_NOTE = 300;

/** The most entries a notebook holds; a clear message says so when it is full. */
export const NOTEBOOK_LIMIT = 500;
