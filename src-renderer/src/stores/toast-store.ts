import { create } from 'zustand';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
}

interface ToastState {
  toasts: Toast[];
  show(tone: Toast['tone'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;
/** How long a confirmation stays; errors stay until dismissed so they can be read. */
const SUCCESS_MS = 5000;

/** Short confirmations and failures of commands, announced to screen readers by the Toasts region. */
export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  show: (tone, text) => {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-4), { id, tone, text }] });
    if (tone !== 'error') setTimeout(() => get().dismiss(id), SUCCESS_MS);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export const toast = {
  success: (text: string) => useToastStore.getState().show('success', text),
  error: (text: string) => useToastStore.getState().show('error', text),
  info: (text: string) => useToastStore.getState().show('info', text),
};
