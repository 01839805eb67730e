export * from './people.js';
export * from './directory.js';
export * from './identity.js';
export * from './platform.js';
export * from './audit.js';
export * from './contacts.js';
export * from './conversations.js';
export * from './eligibility.js';
