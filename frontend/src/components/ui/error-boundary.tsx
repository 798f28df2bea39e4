import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import { Component, type ErrorInfo, type ReactNode } from "react";
import i18n from "@/lib/i18n";

type Props = { children: ReactNode; resetKey?: string };
type State = { error: Error | null; resetKey?: string };

/**
 * Catches render errors and failed lazy chunks (after a deploy the old chunk names are gone) so a
 * screen fails alone, with a way out, instead of blanking the whole app.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    // Navigating elsewhere clears the error.
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("Screen failed to render", error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(this.state.error.message);
    return (
      <Alert
        severity="error"
        sx={{ m: 2 }}
        action={
          <Button color="inherit" size="small" onClick={() => window.location.reload()}>
            {i18n.t("common.reload")}
          </Button>
        }
      >
        {chunk ? i18n.t("errors.new_version") : i18n.t("errors.unknown")}
      </Alert>
    );
  }
}
