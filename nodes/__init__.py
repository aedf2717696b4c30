"""Steps of the graphs: route, plan, department agent, playbooks, approval, respond."""
