/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The practice's name, shown in the header. Set at build time. */
  readonly VITE_PRACTICE_NAME?: string;
  readonly VITE_ADMIN_CONTACT?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
