import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getBridge } from './bridge/bridge';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={getBridge()} />
  </StrictMode>,
);
