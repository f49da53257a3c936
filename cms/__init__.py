"""Newsroom CMS: a headless content management system for news publishers."""
