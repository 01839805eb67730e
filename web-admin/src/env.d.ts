/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The practice's name, shown in the header. Set at build time. */
  readonly VITE_PRACTICE_NAME?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
