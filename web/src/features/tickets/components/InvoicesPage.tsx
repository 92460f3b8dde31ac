// Placeholder until this page is built.
export function InvoicesPage() {
  return <main>InvoicesPage</main>;
}
