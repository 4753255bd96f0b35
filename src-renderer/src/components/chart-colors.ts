import type { ActionKind } from '../../../src-shared/pricing/actions';
import type { Bucket } from '../../../src-shared/ledger/entry';
import { useThemeStore, type Theme } from '../stores/theme-store';

/**
 * Chart colours per theme. Recharts writes them as SVG attributes, where CSS variables are not
 * reliable, so they live here; the hues match the palette in tokens.css.
 */
const ACTION_COLORS: Record<Theme, Record<ActionKind, string>> = {
  light: {
    ai_reply: '#4f46e5',
    ai_label: '#0891b2',
    ai_prioritize: '#0d9488',
    chatbot_message: '#d97706',
    kb_article: '#7c3aed',
    website_crawl: '#db2777',
    page_scrape: '#65a30d',
    document: '#dc2626',
    conversation_embedding: '#64748b',
  },
  dark: {
    ai_reply: '#818cf8',
    ai_label: '#22d3ee',
    ai_prioritize: '#2dd4bf',
    chatbot_message: '#fbbf24',
    kb_article: '#a78bfa',
    website_crawl: '#f472b6',
    page_scrape: '#a3e635',
    document: '#f87171',
    conversation_embedding: '#94a3b8',
  },
};

const BUCKET_COLORS: Record<Theme, Record<Bucket | 'overdraft', string>> = {
  light: {
    monthly: '#4f46e5',
    referral: '#0d9488',
    bundle: '#d97706',
    manual: '#7c3aed',
    overdraft: '#dc2626',
  },
  dark: {
    monthly: '#818cf8',
    referral: '#2dd4bf',
    bundle: '#fbbf24',
    manual: '#a78bfa',
    overdraft: '#f87171',
  },
};

const CHROME: Record<Theme, { grid: string; axis: string; cursor: string; muted: string; accent: string }> = {
  light: {
    grid: '#e5e7eb',
    axis: '#6b7280',
    cursor: 'rgba(79,70,229,0.08)',
    muted: '#cbd5e1',
    accent: '#4f46e5',
  },
  dark: {
    grid: '#2a3140',
    axis: '#9ca3af',
    cursor: 'rgba(129,140,248,0.12)',
    muted: '#475569',
    accent: '#818cf8',
  },
};

export function useChartColors() {
  const theme = useThemeStore((s) => s.theme);
  return { actions: ACTION_COLORS[theme], buckets: BUCKET_COLORS[theme], chrome: CHROME[theme] };
}
