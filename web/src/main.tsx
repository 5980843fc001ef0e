// Entry point of the lamsach web UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { LanguageProvider } from './i18n/index.js';
import { SessionProvider } from './session.js';
import { isPublicPath, PublicApp } from './selfcheck/PublicApp.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');

// The public pages (self-check, statistics) need no session: they never ask who is there.
const publicPage = isPublicPath(window.location.pathname);

createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      {publicPage ? (
        <PublicApp pathname={window.location.pathname} />
      ) : (
        <SessionProvider>
          <App />
        </SessionProvider>
      )}
    </LanguageProvider>
  </StrictMode>,
);
