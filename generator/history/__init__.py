"""What Git knows of a content root: commits, and what changed between two versions."""
