import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DbOrTx } from '@threefold/db';
import type { Config } from '../../config.js';
import { documentsRepository as repo } from './repository.js';

/**
 * Where a document's bytes are kept. The row in `documents` is always in PostgreSQL; the bytes go
 * to the store configured by `DOCUMENTS_STORE` (`postgres`, the default, or `s3`).
 */
export interface DocumentStore {
  readonly kind: 'postgres' | 's3';
  /** The object key a document's bytes are kept under (null when they live in the database). */
  keyFor(documentId: string): string | null;
  /** Keeps the bytes, after the document's row is written in the same transaction. */
  put(tx: DbOrTx, documentId: string, bytes: Buffer, mediaType: string): Promise<void>;
  get(tx: DbOrTx, documentId: string, key: string | null): Promise<Buffer | undefined>;
  remove(tx: DbOrTx, documentId: string, key: string | null): Promise<void>;
}

/** Bytes in `document_contents`, written in the same transaction as the document's row. */
export const postgresStore: DocumentStore = {
  kind: 'postgres',
  keyFor: () => null,
  put: (tx, documentId, bytes) => repo.putContent(tx, documentId, bytes),
  get: (tx, documentId) => repo.content(tx, documentId),
  remove: (tx, documentId) => repo.deleteContent(tx, documentId),
};

/**
 * Bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph…) under `documents/<id>`. The object is
 * written before the row commits: a failed transaction can leave an orphan object, never a
 * committed row without its bytes.
 */
export function s3Store(config: Config): DocumentStore {
  const client = new S3Client({
    region: config.DOCUMENTS_S3_REGION,
    ...(config.DOCUMENTS_S3_ENDPOINT ? { endpoint: config.DOCUMENTS_S3_ENDPOINT } : {}),
    forcePathStyle: config.DOCUMENTS_S3_FORCE_PATH_STYLE,
  });
  const Bucket = config.DOCUMENTS_S3_BUCKET!;
  return {
    kind: 's3',
    keyFor: (documentId) => `documents/${documentId}`,
    async put(_tx, documentId, bytes, mediaType) {
      const Key = `documents/${documentId}`;
      await client.send(new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: mediaType }));
    },
    async get(_tx, _documentId, key) {
      if (!key) return undefined;
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
    },
    async remove(_tx, _documentId, key) {
      if (key) await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

export const storeFor = (config: Config): DocumentStore =>
  config.DOCUMENTS_STORE === 's3' ? s3Store(config) : postgresStore;
