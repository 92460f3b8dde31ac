// Placeholder until this page is built.
export function ClientsPage() {
  return <main>ClientsPage</main>;
}
