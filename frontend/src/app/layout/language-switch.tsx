import Button from "@mui/material/Button";
import { useTranslation } from "react-i18next";
import { useUpdateMe } from "@/features/profile/api/update-me";
import { useSession } from "@/lib/auth";
import { setLanguage, type Language } from "@/lib/i18n";

/** Switches between Russian and English; a signed-in user's choice is saved to their profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const updateMe = useUpdateMe();
  const next: Language = i18n.language === "en" ? "ru" : "en";
  return (
    <Button
      size="small"
      color="inherit"
      onClick={() => {
        void setLanguage(next);
        if (session.status === "authenticated") updateMe.mutate({ language: next });
      }}
      aria-label={`${next.toUpperCase()} — ${t("nav.switchLanguage")}`}
      lang={next}
    >
      {next === "en" ? "EN" : "RU"}
    </Button>
  );
}
