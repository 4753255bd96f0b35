export { countSitemap, type SitemapCount } from './sitemap';
export { parseUrlList, normaliseUrl, UrlTally, type UrlProblem } from './urls';
export {
  estimateWebsite,
  type PageSize,
  type Range,
  type WebsiteEstimate,
  type WebsiteEstimateInput,
} from './estimate';
export { measureSavedPages, type MeasuredPage } from './samples';
