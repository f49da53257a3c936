// Keep a screen's data fresh: run load every few seconds, when the window gets focus again and
// when the connection banner's "Retry" asks (the desk:retry event).
import { useEffect } from "react";

export function useRefresh(load: () => Promise<void>, everyMs: number): void {
  useEffect(() => {
    void load();
    const again = () => void load();
    const timer = window.setInterval(again, everyMs);
    window.addEventListener("focus", again);
    window.addEventListener("desk:retry", again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", again);
      window.removeEventListener("desk:retry", again);
    };
  }, [load, everyMs]);
}
