// Placeholder until this page is built.
export function ClientPage() {
  return <main>ClientPage</main>;
}
