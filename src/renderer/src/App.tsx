export function App(): React.JSX.Element {
  return (
    <main>
      <h1>Cuefinder</h1>
      <p>Open a project folder and a music folder to get per-scene suggestions.</p>
    </main>
  );
}
