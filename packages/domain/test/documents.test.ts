import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentMediaTypes, documentUploadProblems, isAllowedDocumentType } from '../src/index.js';

const MB = 1024 * 1024;

describe('what may be uploaded', () => {
  it('accepts an allowed type within the limit, and names each problem otherwise', () => {
    expect(documentUploadProblems({ detectedType: 'application/pdf', sizeBytes: 10, maxBytes: 25 * MB })).toEqual([]);
    expect(
      documentUploadProblems({ detectedType: 'application/x-msdownload', sizeBytes: 26 * MB, maxBytes: 25 * MB }).map(
        (p) => p.code,
      ),
    ).toEqual(['document_too_large', 'document_type_not_allowed']);
    expect(documentUploadProblems({ detectedType: undefined, sizeBytes: 0, maxBytes: MB }).map((p) => p.code)).toEqual([
      'document_empty',
    ]);
    expect(isAllowedDocumentType('text/html')).toBe(false);
  });

  it('never accepts a type off the list, nor a file over the limit, whatever else is true', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...documentMediaTypes), fc.string(), fc.constant(undefined)),
        fc.nat({ max: 100 * MB }),
        fc.integer({ min: 1, max: 50 * MB }),
        (detectedType, sizeBytes, maxBytes) => {
          const codes = documentUploadProblems({ detectedType, sizeBytes, maxBytes }).map((p) => p.code);
          const accepted = codes.length === 0;
          if (accepted) {
            expect(isAllowedDocumentType(detectedType)).toBe(true);
            expect(sizeBytes).toBeGreaterThan(0);
            expect(sizeBytes).toBeLessThanOrEqual(maxBytes);
          }
          expect(codes.includes('document_too_large')).toBe(sizeBytes > maxBytes);
        },
      ),
    );
  });
});
