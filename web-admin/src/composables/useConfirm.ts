import { shallowRef } from 'vue';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
}

interface PendingConfirm extends ConfirmRequest {
  resolve(answer: boolean): void;
}

/** The question on screen, if any; ConfirmDialog.vue (mounted once in App.vue) shows it. */
export const pendingConfirm = shallowRef<PendingConfirm | null>(null);
let hosts = 0;

/** Called by ConfirmDialog.vue so questions are asked in the console's own dialog. */
export function registerConfirmHost(): () => void {
  hosts += 1;
  return () => {
    hosts -= 1;
    pendingConfirm.value?.resolve(false);
    pendingConfirm.value = null;
  };
}

/**
 * Asks the colleague a yes/no question in an accessible dialog (Esc answers no). Without a
 * dialog on the page (tests, very early errors) it falls back to the browser's own confirm.
 */
export function askToConfirm(request: Partial<ConfirmRequest> & { message: string }): Promise<boolean> {
  const full: ConfirmRequest = {
    title: request.title ?? 'Are you sure?',
    message: request.message,
    confirmLabel: request.confirmLabel ?? 'Yes',
    cancelLabel: request.cancelLabel ?? 'No',
  };
  if (hosts === 0) return Promise.resolve(globalThis.confirm?.(full.message) ?? false);
  // Only one question at a time: a second one answers the first with "no".
  pendingConfirm.value?.resolve(false);
  return new Promise<boolean>((resolve) => {
    pendingConfirm.value = {
      ...full,
      resolve(answer) {
        pendingConfirm.value = null;
        resolve(answer);
      },
    };
  });
}
