package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// openDebugLog opens the --log file for appending, creating it 0600, and
// narrows an existing file's permissions to 0600 too: the log holds
// operation names, outcomes, request ids and the status bar's words (never
// a token or a stream key), which are still nobody else's business. The
// logger takes every level; close the returned closer when done.
func openDebugLog(path string) (*slog.Logger, io.Closer, error) {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	fi, err := fh.Stat()
	if err == nil && fi.Mode().Perm()&0o077 != 0 {
		err = fh.Chmod(0o600)
	}
	if err != nil {
		fh.Close()
		return nil, nil, fmt.Errorf("%s: making it private (0600): %w", path, err)
	}
	return slog.New(slog.NewTextHandler(fh, &slog.HandlerOptions{Level: slog.LevelDebug})), fh, nil
}
