"""The playground's bounds, in one place: how many pages may train at once and how large a
page may make its data, its network and its messages, so that no page can take the server
down or starve the others."""

from __future__ import annotations

#: Pages (WebSocket sessions) training at the same time.
MAX_SESSIONS = 8
#: Hidden layers and units per hidden layer.
MAX_LAYERS = 6
MAX_UNITS = 32
#: Generated points, and rows of an uploaded CSV.
MIN_POINTS, MAX_POINTS = 10, 2000
#: An uploaded CSV file's size in bytes.
MAX_CSV_BYTES = 1 << 20
#: One message from the page (an upload is the largest).
MAX_MESSAGE_BYTES = 2 * MAX_CSV_BYTES
#: A run's length in epochs (it can always be paused earlier).
MAX_EPOCHS = 10_000
#: Runs side by side in comparison mode.
MAX_RUNS = 2
#: Seconds between two frames pushed to the page while training.
FRAME_INTERVAL = 0.1
#: Seconds between two health checks while training.
HEALTH_INTERVAL = 0.5
#: Steps per second at each speed (None: as fast as the machine goes).
SPEEDS = (2.0, 10.0, 50.0, 250.0, None)
