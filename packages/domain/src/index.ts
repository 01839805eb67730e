export * from './nhs-number.js';
export * from './postcode.js';
export * from './money.js';
export * from './calendar.js';
export * from './permissions.js';
export * from './people.js';
export * from './conversations.js';
export * from './connections.js';
