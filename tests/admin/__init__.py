"""Tests of the administrators' area."""
