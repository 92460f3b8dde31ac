// Placeholder until this page is built.
export function SearchPage() {
  return <main>SearchPage</main>;
}
