// Placeholder until this page is built.
export function InboxSettingsPage() {
  return <main>InboxSettingsPage</main>;
}
