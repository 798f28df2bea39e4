/**
 * Telegram opens a Mini App with the signed launch data in the URL hash (`#tgWebAppData=...`).
 * It is read once at start-up, before routing can drop the hash, and used to sign in.
 */
let launchData: string | null = null;

export function captureTelegramLaunchData(hash: string = window.location.hash): string | null {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const data = params.get("tgWebAppData");
  if (data) launchData = data;
  return launchData;
}

/** The launch data, handed out once: a failed sign-in must not loop. */
export function takeTelegramLaunchData(): string | null {
  const data = launchData;
  launchData = null;
  return data;
}
