"""What every layer may use: packaged files, worker-process set-up, sharing out work."""
