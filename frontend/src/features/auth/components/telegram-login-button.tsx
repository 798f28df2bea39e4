import Box from "@mui/material/Box";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TelegramLoginRequest } from "@/lib/api/types";

declare global {
  interface Window {
    onTelegramAuth?: (user: TelegramLoginRequest) => void;
  }
}

/** Telegram's Login Widget: Telegram renders the button and hands back signed user fields. */
export function TelegramLoginButton({ botUsername, onAuth }: { botUsername: string; onAuth: (user: TelegramLoginRequest) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const { i18n } = useTranslation();

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    window.onTelegramAuth = onAuth;
    const script = document.createElement("script");
    script.src = "https://telegram.org/js/telegram-widget.js?22";
    script.async = true;
    script.setAttribute("data-telegram-login", botUsername);
    script.setAttribute("data-size", "large");
    script.setAttribute("data-request-access", "write");
    script.setAttribute("data-lang", i18n.language);
    script.setAttribute("data-onauth", "onTelegramAuth(user)");
    node.replaceChildren(script);
    return () => {
      node.replaceChildren();
      delete window.onTelegramAuth;
    };
  }, [botUsername, onAuth, i18n.language]);

  return <Box ref={container} data-testid="telegram-login" sx={{ display: "flex", justifyContent: "center", minHeight: 40 }} />;
}
