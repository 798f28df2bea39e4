import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { LiveIndicator } from "@/app/layout/live-indicator";
import { setRealtimeConnected } from "@/lib/realtime-state";

describe("the live indicator", () => {
  afterEach(() => setRealtimeConnected(false));

  it("says whether updates arrive at once or by polling, and follows the socket", () => {
    render(<LiveIndicator />);
    expect(screen.getByRole("status", { name: "Обновления раз в несколько секунд" })).toHaveAttribute("data-live", "false");
    act(() => setRealtimeConnected(true));
    expect(screen.getByRole("status", { name: "Обновления приходят сразу" })).toHaveAttribute("data-live", "true");
    act(() => setRealtimeConnected(false));
    expect(screen.getByRole("status", { name: "Обновления раз в несколько секунд" })).toBeInTheDocument();
  });
});
