import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ErrorBoundary } from "@/components/ui/error-boundary";

function Broken({ message }: { message: string }): never {
  throw new Error(message);
}

describe("ErrorBoundary", () => {
  it("shows a way out instead of a blank app, and tells a stale chunk apart", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const { rerender } = render(
      <ErrorBoundary resetKey="/a">
        <Broken message="Failed to fetch dynamically imported module: /assets/x.js" />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Вышла новая версия приложения");
    expect(screen.getByRole("button", { name: "Обновить страницу" })).toBeInTheDocument();

    rerender(
      <ErrorBoundary resetKey="/b">
        <p>fine again</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText("fine again")).toBeInTheDocument();
    quiet.mockRestore();
  });
});
