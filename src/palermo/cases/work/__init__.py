"""Work queues and reports over an agency's cases."""
