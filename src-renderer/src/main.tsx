import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The bridge first: it takes the web host's token out of the address before the router reads it.
import './api/bridge';
import { App } from './app/App';
import { connectLiveEvents } from './stores/live-events';
import { applyTheme } from './stores/theme-store';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';
import './styles/pages.css';
import './styles/ledger.css';

applyTheme();
connectLiveEvents();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
