export * from './people.js';
export * from './directory.js';
