/**
 * The entry, kept tiny so that it runs as soon as index.html is parsed: it asks the main process for
 * the start-up data first, then loads the app's chunk (React and the UI; index.html has the browser
 * fetch it already, beside this one) and renders it. The main process answers meanwhile.
 */
import { startLoadingStartupData } from './components/App/startup';
import './styles.css';

startLoadingStartupData();

const root = document.getElementById('root')!;
import('./components/App/mount').then(
  ({ mount }) => mount(root),
  (error: Error) => {
    root.setAttribute('data-app-state', 'error');
    root.textContent = `The app could not be loaded: ${error.message}`;
  },
);
