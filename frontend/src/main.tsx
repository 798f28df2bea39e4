import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "@/App";
import { AppProvider } from "@/app/provider";
import "@/lib/i18n";
import "@/index.css";
import { captureTelegramLaunchData } from "@/lib/telegram-mini-app";

captureTelegramLaunchData();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <AppProvider>
        <App />
      </AppProvider>
    </BrowserRouter>
  </StrictMode>,
);
